package io.ctsync.failure;

import org.slf4j.LoggerFactory;

/** What the schedule routes' onException call: a failed scheduled cycle becomes one ERROR line in its pipeline's log. */
public final class CycleFailureLog {

    /**
     * {@code kind}: export or import, logged under io.ctsync.exporting or io.ctsync.importing;
     * {@code routeId}: the failed schedule route, whose pipeline prefix ({@code shop.erp.dwh.})
     * names the pipeline when the process runs several.
     */
    public void failed(String kind, String routeId, Throwable failure) {
        int prefix = routeId == null ? 0 : routeId.lastIndexOf("." + kind + "-");
        String pipeline = prefix <= 0 ? "" : routeId.substring(0, prefix) + " ";
        Failures.log(LoggerFactory.getLogger("io.ctsync." + kind + "ing"), pipeline + kind + " cycle", failure);
    }
}
