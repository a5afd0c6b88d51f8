package io.metrics.lakehouse.gateway.scrape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text (the two formats
 * scrape targets serve). No maintained Java library parses them (the Prometheus Java client only
 * writes them), and the grammar is small: comment lines ({@code # HELP}, {@code # TYPE},
 * {@code # UNIT}, {@code # EOF}) and sample lines {@code name{label="value",...} value [timestamp]},
 * with OpenMetrics exemplars ({@code # {...} value}) after the sample, ignored here.
 *
 * <p>Like Prometheus, a malformed line fails the whole scrape (the target is then {@code up 0})
 * rather than keeping part of it: a half-read exposition would show as a silent drop in the series.
 *
 * <p>Timestamps are milliseconds in the text format and (fractional) seconds in OpenMetrics.
 */
public final class ExpositionParser {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Longest suffixes first, so that {@code _gcount} is not taken for {@code _count}. */
    private static final List<String> SUFFIXES = List.of("_created", "_bucket", "_gcount", "_gsum", "_total",
            "_count", "_info", "_sum");

    private final boolean openMetrics;

    private ExpositionParser(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Picks the dialect from the response's Content-Type. */
    public static ExpositionParser forContentType(String contentType) {
        return new ExpositionParser(contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/openmetrics-text"));
    }

    public List<ScrapedSample> parse(String body) throws ExpositionFormatException {
        Map<String, String> types = new HashMap<>();
        List<ScrapedSample> samples = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int lineNumber = i + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.equals("# EOF")) {
                    break;
                }
                readType(line, types, lineNumber);
                continue;
            }
            samples.add(readSample(line, types, lineNumber));
        }
        return samples;
    }

    private static void readType(String line, Map<String, String> types, int lineNumber)
            throws ExpositionFormatException {
        String[] parts = line.split("\\s+", 4);
        if (parts.length >= 4 && parts[1].equals("TYPE")) {
            if (!METRIC_NAME.matcher(parts[2]).matches()) {
                throw new ExpositionFormatException(lineNumber, "invalid metric name in TYPE: " + parts[2]);
            }
            types.put(parts[2], parts[3].trim().toLowerCase(java.util.Locale.ROOT));
        }
        // HELP, UNIT and free comments carry nothing the pipeline keeps.
    }

    private ScrapedSample readSample(String line, Map<String, String> types, int lineNumber)
            throws ExpositionFormatException {
        Cursor c = new Cursor(line, lineNumber);
        String name = c.take(METRIC_NAME, "metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.peek() == '{') {
            c.next();
            readLabels(c, labels);
        }
        c.requireSpace();
        String valueText = c.token();
        double value = parseValue(valueText, c);
        Long timestamp = null;
        c.skipSpaces();
        if (!c.atEnd() && c.peek() != '#') {
            timestamp = parseTimestamp(c.token(), c);
            c.skipSpaces();
        }
        if (!c.atEnd() && c.peek() != '#') {
            throw c.error("unexpected text after the sample: " + c.rest());
        }
        String family = name;
        String suffix = "";
        String type = types.get(name);
        if (type == null) {
            for (String candidate : SUFFIXES) {
                if (name.endsWith(candidate) && types.containsKey(name.substring(0, name.length() - candidate.length()))) {
                    family = name.substring(0, name.length() - candidate.length());
                    suffix = candidate;
                    type = types.get(family);
                    break;
                }
            }
        }
        return new ScrapedSample(name, type == null ? "untyped" : type, suffix, labels, value, timestamp);
    }

    private static void readLabels(Cursor c, Map<String, String> labels) throws ExpositionFormatException {
        c.skipSpaces();
        while (c.peek() != '}') {
            String key = c.take(LABEL_NAME, "label name");
            c.skipSpaces();
            c.expect('=');
            c.skipSpaces();
            String value = c.quoted();
            if (labels.put(key, value) != null) {
                throw c.error("duplicate label " + key);
            }
            c.skipSpaces();
            if (c.peek() == ',') {
                c.next();
                c.skipSpaces();
            } else if (c.peek() != '}') {
                throw c.error("expected ',' or '}' after label " + key);
            }
        }
        c.next();
    }

    private static double parseValue(String text, Cursor c) throws ExpositionFormatException {
        switch (text) {
            case "+Inf", "Inf", "+inf", "inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf", "-inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN", "nan":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw c.error("invalid sample value '" + text + "'");
                }
        }
    }

    private Long parseTimestamp(String text, Cursor c) throws ExpositionFormatException {
        try {
            if (openMetrics) {
                return Math.round(Double.parseDouble(text) * 1000.0);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw c.error("invalid timestamp '" + text + "'");
        }
    }

    /** A position in one line. */
    private static final class Cursor {
        private final String line;
        private final int lineNumber;
        private int pos;

        Cursor(String line, int lineNumber) {
            this.line = line;
            this.lineNumber = lineNumber;
        }

        boolean atEnd() {
            return pos >= line.length();
        }

        char peek() {
            return atEnd() ? '\0' : line.charAt(pos);
        }

        void next() {
            pos++;
        }

        String rest() {
            return line.substring(pos);
        }

        ExpositionFormatException error(String problem) {
            return new ExpositionFormatException(lineNumber, problem + " (at column " + (pos + 1) + ")");
        }

        void expect(char ch) throws ExpositionFormatException {
            if (peek() != ch) {
                throw error("expected '" + ch + "'");
            }
            pos++;
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        void requireSpace() throws ExpositionFormatException {
            if (peek() != ' ' && peek() != '\t') {
                throw error("expected a space before the value");
            }
            skipSpaces();
        }

        String take(Pattern pattern, String what) throws ExpositionFormatException {
            int start = pos;
            while (!atEnd() && peek() != '{' && peek() != ' ' && peek() != '\t' && peek() != '='
                    && peek() != ',' && peek() != '}') {
                pos++;
            }
            String token = line.substring(start, pos);
            if (!pattern.matcher(token).matches()) {
                pos = start;
                throw error("invalid " + what + " '" + token + "'");
            }
            return token;
        }

        String token() throws ExpositionFormatException {
            int start = pos;
            while (!atEnd() && peek() != ' ' && peek() != '\t') {
                pos++;
            }
            if (start == pos) {
                throw error("missing value");
            }
            return line.substring(start, pos);
        }

        /** A double-quoted label value with the escapes \\, \" and \n. */
        String quoted() throws ExpositionFormatException {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated label value");
                }
                char ch = line.charAt(pos++);
                if (ch == '"') {
                    return value.toString();
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        throw error("unterminated escape in label value");
                    }
                    char escaped = line.charAt(pos++);
                    switch (escaped) {
                        case 'n' -> value.append('\n');
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        default -> throw error("invalid escape '\\" + escaped + "' in label value");
                    }
                } else {
                    value.append(ch);
                }
            }
        }
    }
}
