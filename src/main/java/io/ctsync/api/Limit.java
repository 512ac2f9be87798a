package io.ctsync.api;

/** The {@code ?limit=} of a listing: a whole number from 1 to {@value #MAX}, {@value #DEFAULT} when absent. */
final class Limit {

    static final int DEFAULT = 50;
    static final int MAX = 1_000;

    private Limit() {
    }

    static int parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX + ", not '" + value + "'");
    }
}
