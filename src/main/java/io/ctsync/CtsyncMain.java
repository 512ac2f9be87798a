package io.ctsync;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Camel Main whose context exists before Main starts it, so that ctsync reads its configuration
 * through the very PropertiesComponent that resolves {@code {{key}}} in the routes: one
 * resolution, not a second one beside Camel's.
 */
final class CtsyncMain extends Main {

    private CamelContext context;

    CamelContext camelContext() {
        if (context == null) {
            context = super.createCamelContext();
        }
        return context;
    }

    @Override
    protected CamelContext createCamelContext() {
        return camelContext();
    }
}
