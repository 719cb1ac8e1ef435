import { describe, expect, it } from 'vitest';
import { markdownLogText, slackLogText } from '../../../src/deliver/webhooks/escape.js';
import { logLine, MAX_LOG_TEXT } from '../../../src/logs/display-text.js';

const HOSTILE = '<img src=x onerror=alert(1)> *bold* _x_ [link](http://evil) <@U123> `rm`\nRESOLVED';

describe('log text as one safe line', () => {
  it('shows line breaks, control characters and direction overrides instead of acting on them', () => {
    expect(logLine('a\r\nb\rc\nd\te')).toBe('a ⏎ b ⏎ c ⏎ d e');
    expect(logLine('\u001b[31mred\u0007 \u202egnp.exe')).toBe('\\x1b[31mred\\x07 \\u202egnp.exe');
    expect(logLine('x'.repeat(MAX_LOG_TEXT + 5))).toBe(`${'x'.repeat(MAX_LOG_TEXT)}…`);
  });

  it('puts log text in one Slack code span that cannot be closed, mention or link', () => {
    expect(slackLogText(HOSTILE)).toBe('`&lt;img src=x onerror=alert(1)&gt; *bold* _x_ [link](http://evil) &lt;@U123&gt; ˋrmˋ ⏎ RESOLVED`');
  });

  it('replaces every markup character of DingTalk, Feishu and WeCom markdown by a look-alike', () => {
    const out = markdownLogText(`${HOSTILE} # h | t ~s~ \\ & <font color="red">x</font>`);
    expect(out).toBe(
      '‹img src=x onerror=alert（1）› ∗bold∗ ＿x＿ ［link］（http://evil） ‹＠U123› ˋrmˋ ⏎ RESOLVED ＃ h ￨ t ∼s∼ ＼ ＆ ‹font color="red"›x‹/font›',
    );
    expect(out).not.toMatch(/[*_`~[\]()<>#|\\&@\n]/);
  });
});
