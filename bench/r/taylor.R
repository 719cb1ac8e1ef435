# R's figures on taylor for bench/forecast.ts, which runs this when Rscript is installed and prints
# them next to its own in the same run. Prints one JSON line.
#   Rscript bench/r/taylor.R [tbats]   (tbats: also TBATS, about 80 s)
# Same protocol as the bench: h = 336 with the last week held out, and h = 48 from the start of each
# of the last seven days; MASE scaled by the weekly seasonal naive's in-sample error up to each origin.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
y <- as.numeric(taylor)
n <- length(y)
mase <- function(fc, origin, h) {
  train <- y[1:origin]
  mean(abs(y[(origin + 1):(origin + h)] - as.numeric(fc))) / mean(abs(diff(train, lag = 336)))
}
stlf_at <- function(origin, h) stlf(msts(y[1:origin], seasonal.periods = c(48, 336)), h = h, method = "ets")$mean
origin <- n - 336
t0 <- Sys.time()
f336 <- stlf_at(origin, 336)
stlf_seconds <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
snaive336 <- mase(y[(origin - 335):origin], origin, 336)
day_origins <- n - 336 + 48 * (0:6)
stlf48 <- vapply(day_origins, function(o) mase(stlf_at(o, 48), o, 48), 0)
snaive48 <- vapply(day_origins, function(o) mase(y[(o - 335):(o - 336 + 48)], o, 48), 0)
tbats <- "null"
tbats_seconds <- "null"
if ("tbats" %in% args) {
  t0 <- Sys.time()
  fb <- forecast(tbats(msts(y[1:origin], seasonal.periods = c(48, 336))), h = 336)$mean
  tbats_seconds <- sprintf("%.1f", as.numeric(difftime(Sys.time(), t0, units = "secs")))
  tbats <- sprintf("%.4f", mase(fb, origin, 336))
}
cat(sprintf('{"r": "%s.%s", "forecast": "%s", "stlf336": %.6f, "stlfSeconds": %.2f, "snaive336": %.6f, "stlf48": [%s], "snaive48": [%s], "tbats336": %s, "tbatsSeconds": %s}\n',
  R.version$major, R.version$minor, as.character(packageVersion("forecast")), mase(f336, origin, 336), stlf_seconds, snaive336,
  paste(sprintf("%.6f", stlf48), collapse = ","), paste(sprintf("%.6f", snaive48), collapse = ","), tbats, tbats_seconds))
