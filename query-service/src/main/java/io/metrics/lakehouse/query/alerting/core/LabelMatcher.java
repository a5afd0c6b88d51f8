package io.metrics.lakehouse.query.alerting.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher in Alertmanager's shape ({@code name}, {@code value}, {@code isRegex},
 * {@code isEqual}): used by silences, routes and inhibition rules. Regular expressions are anchored;
 * a missing label matches as the empty string, as in Alertmanager.
 */
public record LabelMatcher(@JsonProperty("name") String name, @JsonProperty("value") String value,
        @JsonProperty("isRegex") boolean isRegex, @JsonProperty("isEqual") boolean isEqual) {

    @JsonCreator
    public static LabelMatcher of(@JsonProperty("name") String name, @JsonProperty("value") String value,
            @JsonProperty("isRegex") Boolean isRegex, @JsonProperty("isEqual") Boolean isEqual) {
        return new LabelMatcher(name, value, isRegex != null && isRegex, isEqual == null || isEqual);
    }

    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(name, value, false, true);
    }

    /** @throws IllegalArgumentException naming the problem (for a 400). */
    public void validate() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("matcher name is required");
        }
        if (value == null) {
            throw new IllegalArgumentException("matcher '" + name + "' needs a value");
        }
        if (isRegex) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher '" + name + "': invalid regular expression: "
                        + e.getDescription() + " at index " + e.getIndex());
            }
        }
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        boolean match = isRegex ? Pattern.matches(value, actual) : value.equals(actual);
        return match == isEqual;
    }

    public static boolean all(Iterable<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
