package io.ctsync.testing;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

import java.io.StringWriter;

/**
 * What the console shows while it is open: every event that reaches the console appender of
 * log4j2.xml, in that appender's own layout and behind the same logger levels, so that a test
 * sees a stack trace exactly when a person at the terminal would.
 */
public final class ConsoleLog implements AutoCloseable {

    private static final String NAME = "test-console";

    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    public ConsoleLog() {
        Configuration configuration = context.getConfiguration();
        Layout<?> layout = configuration.getAppender("out").getLayout();
        appender = WriterAppender.newBuilder().setName(NAME).setLayout((StringLayout) layout).setTarget(text).build();
        appender.start();
        configuration.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(NAME);
        context.updateLoggers();
        appender.stop();
    }
}
