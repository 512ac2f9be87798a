package io.ctsync.exporting;

import io.ctsync.gateway.Gateway;
import io.ctsync.packaging.ContentSeries;

/** Stage "gateway": publishes the staged contents under their final names, in sequence order; one already published stays as it is. */
public final class ContentPublisher {

    private final Gateway gateway;

    public ContentPublisher(Gateway gateway) {
        this.gateway = gateway;
    }

    public ExportCycle publish(ExportCycle cycle) throws Exception {
        for (ContentSeries.Staged content : cycle.staged) {
            if (!gateway.isPublished(content.name())) {
                gateway.publish(content.name(), content.file(), content.manifest());
            }
        }
        return cycle;
    }
}
