package io.ctsync.config;

import org.apache.camel.spi.LoadablePropertiesSource;

import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** A map as a Camel properties source that can also list its keys: settings given in place of a file (tests and benchmarks). */
record MapPropertiesSource(Map<String, String> values) implements LoadablePropertiesSource {

    @Override
    public String getName() {
        return "ctsync-map";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(key -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties loaded = new Properties();
        values.forEach((k, v) -> {
            if (filter.test(k)) {
                loaded.setProperty(k, v);
            }
        });
        return loaded;
    }

    @Override
    public void reloadProperties(String location) {
        // a map does not change
    }
}
