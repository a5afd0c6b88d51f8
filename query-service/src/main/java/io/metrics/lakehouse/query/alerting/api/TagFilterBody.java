package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A tag filter on the wire: {@code {"tag","op","value"}}, or {@code "values"} for {@code in}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagFilterBody(String tag, String op, String value, List<String> values) {}
