package io.ctsync.db.installed;

import java.util.List;
import java.util.function.UnaryOperator;

/** A piece of SQL with its parameters. */
public record Condition(String sql, List<Object> parameters) {

    Condition map(UnaryOperator<String> wrap) {
        return new Condition(wrap.apply(sql), parameters);
    }
}
