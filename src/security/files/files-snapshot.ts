/**
 * One look at the watched files: the watch list resolved again (a new file in sudoers.d or a new
 * account's authorized_keys is part of what changed), then each file's state.
 */
import { FileStateReader } from './file-states.js';
import type { FilesSnapshot } from './files-diff.js';
import { resolveWatchList, type WatchSpec } from './watch-list.js';

export type FilesSnapshotter = { snapshot(): FilesSnapshot };

export function filesSnapshotter(opts: WatchSpec & { maxFileBytes: number; rehashEvery?: number; groupPath?: string }): FilesSnapshotter {
  const reader = new FileStateReader({
    maxFileBytes: opts.maxFileBytes,
    ...(opts.rehashEvery ? { rehashEvery: opts.rehashEvery } : {}),
    ...(opts.passwdPath ? { passwdPath: opts.passwdPath } : {}),
    ...(opts.groupPath ? { groupPath: opts.groupPath } : {}),
  });
  return {
    snapshot(): FilesSnapshot {
      const { files, cut } = resolveWatchList(opts);
      return { time: Date.now(), files: reader.read(files), cut };
    },
  };
}
