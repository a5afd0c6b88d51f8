package io.metrics.lakehouse.query.core;

import java.util.List;
import java.util.Objects;

/**
 * One condition on a tag. A series without the tag compares as the empty string (so {@code k!:v}
 * keeps series that lack {@code k}). Regular expressions match the whole value (anchored, as in
 * PromQL).
 */
public record TagFilter(String key, Op op, List<String> values) {

    public enum Op { EQUALS, NOT_EQUALS, REGEX, NOT_REGEX, IN }

    public TagFilter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        values = List.copyOf(values);
        if (values.isEmpty() || (op != Op.IN && values.size() != 1)) {
            throw new IllegalArgumentException(op + " takes " + (op == Op.IN ? "one or more values" : "one value"));
        }
    }

    public static TagFilter equalTo(String key, String value) {
        return new TagFilter(key, Op.EQUALS, List.of(value));
    }

    public static TagFilter notEqualTo(String key, String value) {
        return new TagFilter(key, Op.NOT_EQUALS, List.of(value));
    }

    public static TagFilter regex(String key, String regex) {
        return new TagFilter(key, Op.REGEX, List.of(regex));
    }

    public static TagFilter notRegex(String key, String regex) {
        return new TagFilter(key, Op.NOT_REGEX, List.of(regex));
    }

    public static TagFilter in(String key, List<String> values) {
        return new TagFilter(key, Op.IN, values);
    }

    /** The single value (or pattern) of every operator but {@link Op#IN}. */
    public String value() {
        return values.get(0);
    }
}
