package io.metrics.lakehouse.query.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with its bind parameters in order. Fragments are constants of this package; every value
 * that comes from a caller is appended as a {@code ?} with {@link #bind}, never as text.
 */
final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    Sql append(String fragment) {
        text.append(fragment);
        return this;
    }

    /** Appends {@code ?} and records the value. */
    Sql bind(Object value) {
        text.append('?');
        parameters.add(value);
        return this;
    }

    String text() {
        return text.toString();
    }

    List<Object> parameters() {
        return List.copyOf(parameters);
    }

    void bindTo(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof String s) {
                statement.setString(i + 1, s);
            } else if (value instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (value instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else if (value instanceof Double d) {
                statement.setDouble(i + 1, d);
            } else {
                throw new IllegalArgumentException("unsupported parameter type " + value.getClass());
            }
        }
    }
}
