package io.metrics.lakehouse.gateway.core;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a remote_write 1.0 {@code WriteRequest} straight from its bytes when it has the shape
 * Prometheus sends: time series made of ASCII labels (consecutive) and samples, optionally native
 * histograms (field 4, counted), nothing else. A series' labels stay bytes ({@link TagBytes}): a
 * label set the gateway has seen before is recognized without a {@code Label} message, a string or
 * a map. Anything outside that shape (metadata, other fields or wire types, non-ASCII text,
 * malformed bytes) makes {@link #read} answer false, and the caller parses the request with the
 * generated classes instead, which report errors exactly as before.
 */
final class PlainWriteRequest {

    // Tags (field number << 3 | wire type) of the fields read here.
    private static final int TIMESERIES = 1 << 3 | 2;
    private static final int LABELS = 1 << 3 | 2;
    private static final int SAMPLES = 2 << 3 | 2;
    private static final int NATIVE_HISTOGRAMS = 4 << 3 | 2;
    private static final int LABEL_NAME = 1 << 3 | 2;
    private static final int LABEL_VALUE = 2 << 3 | 2;
    private static final int SAMPLE_VALUE = 1 << 3 | 1;
    private static final int SAMPLE_TIMESTAMP = 2 << 3;

    private static final byte[] NAME = RemoteWriteDecoder.NAME_LABEL.getBytes(StandardCharsets.US_ASCII);

    /** Decodes the labels of a series (the bytes {@link #read} accepted) into the map the generated path builds. */
    static final TagBytes.Format LABELS_FORMAT = PlainWriteRequest::labels;

    /** Not the plain shape: parse with the generated classes. */
    private static final class NotPlain extends Exception {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final NotPlain NOT_PLAIN = new NotPlain();

    private final byte[] bytes;
    private int pos;

    private PlainWriteRequest(byte[] bytes, int pos) {
        this.bytes = bytes;
        this.pos = pos;
    }

    /** @return whether the request had the plain shape; only then did {@code collector} receive it */
    static boolean read(byte[] body, RemoteWriteDecoder.Collector collector) {
        try {
            // A first pass checks the whole shape, so that nothing reaches the collector from a
            // request that is then parsed again the other way.
            new PlainWriteRequest(body, 0).request(null);
            new PlainWriteRequest(body, 0).request(collector);
            return true;
        } catch (NotPlain e) {
            return false;
        }
    }

    private void request(RemoteWriteDecoder.Collector collector) throws NotPlain {
        while (pos < bytes.length) {
            if (varint32() != TIMESERIES) {
                throw NOT_PLAIN;
            }
            int end = limit();
            series(end, collector);
            pos = end;
        }
    }

    private void series(int end, RemoteWriteDecoder.Collector collector) throws NotPlain {
        int labelsFrom = -1;
        int labelsTo = -1;
        String metric = null;
        int samplesFrom = -1;
        int histograms = 0;
        while (pos < end) {
            int fieldStart = pos;
            int tag = varint32();
            int fieldEnd = limit(end);
            switch (tag) {
                case LABELS -> {
                    if (labelsFrom < 0) {
                        labelsFrom = fieldStart;
                    } else if (labelsTo != fieldStart) {
                        throw NOT_PLAIN; // labels interleaved with other fields
                    }
                    String name = label(fieldEnd, collector != null);
                    if (name != null) {
                        metric = name;
                    }
                    labelsTo = fieldEnd;
                }
                case SAMPLES -> {
                    sample(fieldEnd, null);
                    if (samplesFrom < 0) {
                        samplesFrom = fieldStart;
                    }
                }
                case NATIVE_HISTOGRAMS -> histograms++;
                default -> throw NOT_PLAIN;
            }
            pos = fieldEnd;
        }
        if (collector == null) {
            return;
        }
        collector.series(metric, labelsFrom < 0 ? RawTags.of(new HashMap<>())
                : new TagBytes(LABELS_FORMAT, bytes, labelsFrom, labelsTo));
        if (samplesFrom >= 0) {
            pos = samplesFrom;
            while (pos < end) {
                int tag = varint32();
                int fieldEnd = limit(end);
                if (tag == SAMPLES) {
                    sample(fieldEnd, collector);
                }
                pos = fieldEnd;
            }
        }
        collector.nativeHistograms(histograms);
    }

    /**
     * Checks one Label (ASCII name and value, no other field).
     *
     * @return the metric name when this is the {@code __name__} label and {@code wantName}, else null
     */
    private String label(int end, boolean wantName) throws NotPlain {
        boolean isName = false;
        int valueFrom = 0;
        int valueTo = 0;
        while (pos < end) {
            int tag = varint32();
            int to = limit(end);
            int from = pos;
            ascii(from, to);
            if (tag == LABEL_NAME) {
                isName = java.util.Arrays.equals(bytes, from, to, NAME, 0, NAME.length);
            } else if (tag == LABEL_VALUE) {
                valueFrom = from;
                valueTo = to;
            } else {
                throw NOT_PLAIN;
            }
            pos = to;
        }
        return isName && wantName ? new String(bytes, valueFrom, valueTo - valueFrom, StandardCharsets.ISO_8859_1)
                : null;
    }

    /** One Sample: the value (fixed64) and the timestamp (varint), proto3 defaults when absent. */
    private void sample(int end, RemoteWriteDecoder.Collector collector) throws NotPlain {
        double value = 0;
        long timestamp = 0;
        while (pos < end) {
            int tag = varint32();
            if (tag == SAMPLE_VALUE) {
                if (end - pos < 8) {
                    throw NOT_PLAIN;
                }
                value = Double.longBitsToDouble(fixed64());
            } else if (tag == SAMPLE_TIMESTAMP) {
                timestamp = varint64(end);
            } else {
                throw NOT_PLAIN;
            }
        }
        if (pos != end) {
            throw NOT_PLAIN;
        }
        if (collector != null) {
            collector.sample(timestamp, value);
        }
    }

    /** The labels at {@code [from, to)} (checked by {@link #read}) as the generated path maps them. */
    private static Map<String, String> labels(byte[] bytes, int from, int to) {
        try {
            return new PlainWriteRequest(bytes, from).labels(to);
        } catch (NotPlain e) {
            throw new IllegalStateException("labels that were read once did not read again", e);
        }
    }

    private Map<String, String> labels(int to) throws NotPlain {
        int from = pos;
        PlainWriteRequest in = this;
        int count = 0;
        while (in.pos < to) {
            in.varint32();
            in.pos = in.limit();
            count++;
        }
        // Same capacity and insertion order as the generated path: the same iteration order.
        Map<String, String> tags = new HashMap<>(count * 2);
        in.pos = from;
        while (in.pos < to) {
            in.varint32();
            int end = in.limit();
            String name = "";
            String value = "";
            while (in.pos < end) {
                int tag = in.varint32();
                int length = in.varint32();
                String text = new String(bytes, in.pos, length, StandardCharsets.ISO_8859_1);
                if (tag == LABEL_NAME) {
                    name = text;
                } else {
                    value = text;
                }
                in.pos += length;
            }
            if (!RemoteWriteDecoder.NAME_LABEL.equals(name)) {
                tags.put(name, value);
            }
        }
        return tags;
    }

    private void ascii(int from, int to) throws NotPlain {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                throw NOT_PLAIN;
            }
        }
    }

    /** Reads a length prefix: the end of the field's bytes, within {@code end}. */
    private int limit(int end) throws NotPlain {
        int length = varint32();
        if (length < 0 || length > end - pos) {
            throw NOT_PLAIN;
        }
        return pos + length;
    }

    private int limit() throws NotPlain {
        return limit(bytes.length);
    }

    private int varint32() throws NotPlain {
        long value = varint64(bytes.length);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw NOT_PLAIN;
        }
        return (int) value;
    }

    private long varint64(int end) throws NotPlain {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw NOT_PLAIN;
            }
            byte b = bytes[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw NOT_PLAIN;
    }

    private long fixed64() {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (bytes[pos + i] & 0xffL);
        }
        pos += 8;
        return value;
    }
}
