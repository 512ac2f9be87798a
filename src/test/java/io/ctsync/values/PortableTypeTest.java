package io.ctsync.values;

import io.ctsync.db.TargetDialect;
import io.ctsync.db.h2.H2Type;
import io.ctsync.db.postgresql.PostgresType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portable type model behind schema changes (docs/format.md, "Schema changes: type mapping"):
 * the same type read from each database's name, what holds what, how a type grows, and the
 * PostgreSQL and H2 type each family maps to.
 */
@Tag("unit")
class PortableTypeTest {

    private static PortableType type(String name, Integer length, Integer precision, Integer scale) {
        return PortableType.of(name, length, precision, scale).orElseThrow();
    }

    @Test
    void eachDatabasesNameForATypeReadsAsTheSamePortableType() {
        assertThat(type("int4", null, null, null)).isEqualTo(type("INTEGER", null, null, null)).isEqualTo(type("int", null, null, null));
        assertThat(type("varchar", 20, null, null)).isEqualTo(type("CHARACTER VARYING", 20, null, null))
                .isEqualTo(type("nvarchar", 20, null, null));
        assertThat(type("timestamptz", null, 6, null)).isEqualTo(type("datetimeoffset", null, 6, null));
        assertThat(type("uuid", null, null, null)).isEqualTo(type("uniqueidentifier", null, null, null));
        assertThat(PortableType.of("jsonb", null, null, null)).isEmpty();
        assertThat(PortableType.of("interval", null, 6, null)).isEmpty();
    }

    @Test
    void aTypeHoldsTheNarrowerOnesOfItsFamilyAndNoOther() {
        assertThat(type("bigint", null, null, null).holds(type("smallint", null, null, null))).isTrue();
        assertThat(type("smallint", null, null, null).holds(type("int", null, null, null))).isFalse();
        assertThat(type("varchar", 40, null, null).holds(type("varchar", 10, null, null))).isTrue();
        assertThat(type("varchar", 10, null, null).holds(type("text", null, null, null))).isFalse();
        assertThat(type("text", null, null, null).holds(type("int", null, null, null))).as("unbounded text takes any value's text").isTrue();
        assertThat(type("numeric", null, 12, 2).holds(type("numeric", null, 11, 2))).isTrue();
        assertThat(type("numeric", null, 12, 2).holds(type("numeric", null, 12, 3))).as("a digit more after the point").isFalse();
        assertThat(type("numeric", null, 12, 2).holds(type("int", null, null, null))).isTrue();
        assertThat(type("numeric", null, 10, 2).holds(type("bigint", null, null, null))).isFalse();
        assertThat(type("timestamp", null, 3, null).holds(type("timestamp", null, 6, null))).isFalse();
        assertThat(type("int", null, null, null).holds(type("varchar", 10, null, null))).isFalse();
        assertThat(type("int", null, null, null).sameFamily(type("varchar", 10, null, null))).isFalse();
    }

    @Test
    void aTypeGrowsToHoldBothWithoutLosingADigit() {
        assertThat(type("numeric", null, 10, 4).widenedFor(type("numeric", null, 12, 2)))
                .as("8 digits before the point and 4 after").isEqualTo(new PortableType(PortableType.Family.DECIMAL, 14, 4));
        assertThat(type("varchar", 10, null, null).widenedFor(type("text", null, null, null)).size()).isNull();
        assertThat(type("timestamp", null, 9, null).fractionAtMost(6).size()).isEqualTo(6);
    }

    @Test
    void postgresqlAndH2NameEachFamilysType() {
        TargetDialect postgres = new PostgresType().target();
        TargetDialect h2 = new H2Type().target();
        assertThat(postgres.columnType(type("nvarchar", 40, null, null))).isEqualTo("character varying(40)");
        assertThat(h2.columnType(type("varchar", 40, null, null))).isEqualTo("CHARACTER VARYING(40)");
        assertThat(postgres.columnType(type("tinyint", null, null, null))).isEqualTo("smallint");
        assertThat(postgres.columnType(type("datetime2", null, 7, null).fractionAtMost(postgres.fractionDigits())))
                .isEqualTo("timestamp(6)");
        assertThat(h2.columnType(type("datetimeoffset", null, 7, null))).isEqualTo("TIMESTAMP(7) WITH TIME ZONE");
        assertThat(postgres.columnType(type("uniqueidentifier", null, null, null))).isEqualTo("uuid");
        assertThat(h2.columnType(type("decimal", null, 12, 2))).isEqualTo("NUMERIC(12, 2)");
    }
}
