package io.ctsync.notify;

/**
 * What a person is told when a pipeline's export or import changes state: the JSON body of the
 * webhook's POST. Built from ctsync's one-line failures, which name no secret.
 *
 * @param pipeline the pipeline's name ({@code shop.erp.dwh})
 * @param stage    {@code export} or {@code import}
 * @param state    {@code failing}, {@code blocked} or {@code recovered}
 * @param since    when the pipeline entered this state (the end of the first cycle that showed it), ISO-8601 UTC
 * @param what     what happened, one line; for a recovery, what it recovered from
 * @param fix      what to do about it; empty for a recovery
 */
public record StateChange(String pipeline, String stage, String state, String since, String what, String fix) {
}
