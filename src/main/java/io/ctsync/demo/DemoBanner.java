package io.ctsync.demo;

import io.ctsync.config.CtsyncConfig;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the person who started the demo what it is doing, where to look, and how to stop it, once Camel is up. */
public final class DemoBanner extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBanner.class);

    private final CtsyncConfig config;
    private final String statusPage;

    public DemoBanner(CtsyncConfig config, String statusPage) {
        this.config = config;
        this.statusPage = statusPage;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        LOG.info("ctsync demo: an H2 shop ({}) changes every few seconds; every 5 s its changes become a content in {}"
                        + " and are imported into an H2 warehouse ({}). Status page: {}  Stop: Ctrl+C",
                config.source().safeUrl(), config.gateway().dir().toAbsolutePath().normalize(), config.target().safeUrl(), statusPage);
    }
}
