package io.metrics.lakehouse.query.alerting.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * A tag filter of a rule, the query engine's set: {@code =}, {@code !=}, {@code =~}, {@code !~}
 * (regular expressions, anchored) and {@code in} (any of {@code values}).
 */
public record TagFilter(String tag, Op op, List<String> values) {

    public TagFilter {
        values = List.copyOf(values);
    }

    public enum Op {
        EQUALS("="), NOT_EQUALS("!="), REGEX("=~"), NOT_REGEX("!~"), IN("in");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        @JsonValue
        public String symbol() {
            return symbol;
        }

        @JsonCreator
        public static Op fromSymbol(String symbol) {
            return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown tag filter op '" + symbol + "', expected one of =, !=, =~, !~, in"));
        }
    }
}
