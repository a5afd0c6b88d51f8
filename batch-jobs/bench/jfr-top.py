#!/usr/bin/env python3
"""Where a JFR recording's CPU samples are: top self frames, top inclusive methods, top stacks.

    batch-jobs/bench/jfr-top.py RECORDING.jfr [TOP=15] [STACK_DEPTH=8]

Reads the recording's jdk.ExecutionSample events (threads running Java code; samples in native code
are jdk.NativeMethodSample, counted apart) through the JDK's `jfr print --json`, and prints, as a share
of all Java samples: the methods at the top of the stack (self time), the methods anywhere on the stack
(inclusive time, each counted once per sample), the most frequent top STACK_DEPTH frames, and the
samples by part of the rollup query (the first of CATEGORIES matching a frame, from the top of the stack).
"""
import collections
import json
import re
import subprocess
import sys

# Parts of the rollup query (spark-common Rollups on Spark 4.1 + Iceberg 1.12), tried in this order on
# each frame from the top of the stack: the first match names the sample.
CATEGORIES = [
    ("the fold (MinuteBucket, t-digest)", r"PointsToBucket\.finish|MinuteBucket|TDigest"),
    ("Kryo: aggregation buffers", r"esotericsoftware|KryoSerializ|ScalaAggregator\.(serialize|deserialize)"),
    ("compression", r"lz4|zstd|Lz4|Zstd|snappy|CompressionCodec"),
    ("Parquet scan (Iceberg readers)", r"org/apache/iceberg/parquet|iceberg/shaded/org/apache/parquet|iceberg/spark/data"
     r"|iceberg/arrow|iceberg/spark/source|ColumnarToRow|ColumnarBatch|ColumnVector"),
    ("days(ts) ordering of a spilled sorter", r"org/apache/iceberg/util/DateTimeUtil"),
    ("date_trunc", r"truncTimestamp|truncToUnit|DateTimeUtils"),
    ("sort-based aggregation (fallback)", r"SortBasedAggregator|UnsafeKVExternalSorter|UnsafeExternalSorter"
     r"|UnsafeInMemorySorter|RadixSort|TimSort"),
    ("typed aggregation input (encoder)", r"ScalaAggregator\.(update|merge)|PointsToBucket\.(reduce|merge)"
     r"|ExpressionEncoder"),
    ("max(metric_type), min_by(tags, ts)", r"SpecificMutableProjection"),
    ("shuffle write", r"ShuffleWriter|DiskBlockObjectWriter|UnsafeRowSerializer|ShuffleExternalSorter"),
    ("shuffle read", r"ShuffleBlockFetcherIterator|ShuffledRowRDD|BlockStoreShuffleReader"),
    ("hash aggregation", r"ObjectAggregationMap|ObjectAggregationIterator|AggregationIterator"),
    ("row projection (UnsafeRow writes)", r"GeneratedIteratorForCodegenStage|UnsafeRowWriter|UnsafeWriter"
     r"|SpecificUnsafeProjection"),
]


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    out = []
    for frame in trace.get("frames") or []:
        method = frame["method"]
        out.append("%s.%s:%s" % (method["type"]["name"], method["name"], frame.get("lineNumber", "?")))
    return out


def method_of(frame):
    return frame.rsplit(":", 1)[0]


def load(path, event_type):
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event_type, path],
                          check=True, capture_output=True, text=True).stdout
    return [e for e in json.loads(text)["recording"]["events"] if e["type"] == event_type]


def top(counter, total, n, title):
    print(title)
    for key, count in counter.most_common(n):
        print("  %5.1f%%  %6d  %s" % (100.0 * count / total, count, key))


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    samples = [frames(e) for e in load(path, "jdk.ExecutionSample")]
    samples = [s for s in samples if s]
    native = load(path, "jdk.NativeMethodSample")
    total = len(samples)
    print("%d Java samples, %d native-method samples (threads parked or in native code)" % (total, len(native)))
    self_time = collections.Counter(method_of(s[0]) for s in samples)
    inclusive = collections.Counter()
    for s in samples:
        inclusive.update(set(method_of(f) for f in s))
    stacks = collections.Counter(" <- ".join(method_of(f) for f in s[:depth]) for s in samples)
    top(self_time, total, n, "\ntop %d self-time methods" % n)
    top(inclusive, total, 3 * n, "\ntop %d inclusive methods" % (3 * n))
    top(stacks, total, n, "\ntop %d stacks (top %d frames)" % (n, depth))
    parts = collections.Counter()
    for s in samples:
        parts[next((name for f in s for name, pattern in CATEGORIES if re.search(pattern, f)), "other")] += 1
    top(parts, total, len(CATEGORIES) + 1, "\nsamples by part of the rollup query")
    native_top = collections.Counter(method_of(frames(e)[0]) for e in native if frames(e))
    top(native_top, max(1, len(native)), 10, "\ntop native-method samples")


if __name__ == "__main__":
    main()
