// How Node runs the station's programs on a terminal: the flags the station package's launcher passes, and the
// benchmarks too, so that what they measure is what a terminal runs.
//
// --max-semi-space-size=1: the agent is a daemon that idles most of the day. V8 grows the young generation to
// 16 MB × 3 on the allocation burst of start-up and keeps it; capped at 1 MB it costs a few more minor
// collections during a check-in burst (bench: checkin) and saves about 6 MB resident for good.
export const STATION_NODE_FLAGS = ['--max-semi-space-size=1'] as const;
