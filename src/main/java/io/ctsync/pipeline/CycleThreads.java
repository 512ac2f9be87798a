package io.ctsync.pipeline;

import org.apache.camel.component.quartz.QuartzComponent;

import java.util.Map;

/**
 * The bounded pool the scheduled cycles of every pipeline run on: Quartz's, one thread per cycle
 * in flight, so that a slow pipeline holds one thread and never another pipeline's
 * ({@code ctsync.cycle-threads}, docs/operations.md, "Many pipelines"). A firing that finds every thread
 * busy waits for one; Quartz counts it as misfired only past a minute.
 */
public final class CycleThreads {

    /** Quartz's own default; enough for five pipelines that both export and import at the same second. */
    public static final int DEFAULT = 10;

    private CycleThreads() {
    }

    public static QuartzComponent quartz(int threads) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(Map.of(
                "org.quartz.scheduler.instanceName", "ctsync",
                "org.quartz.scheduler.skipUpdateCheck", "true",
                "org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool",
                "org.quartz.threadPool.threadCount", Integer.toString(threads),
                "org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore"));
        return quartz;
    }
}
