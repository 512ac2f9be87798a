package io.ctsync.testing;

import io.ctsync.gateway.Gateway;
import io.ctsync.packaging.ContentName;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A process that dies at a stage of the real routes, injected with Camel's AdviceWith: the
 * cycle ends there with an exception, as if the process had been killed, and its finally block
 * releases what a dead process's connections would have released.
 */
public final class Crash {

    private Crash() {
    }

    /** Dies as the stage's route ends: the stage's work is done, nothing after it runs. */
    public static void after(CamelContext context, String routeId) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> route.weaveAddLast().throwException(new IllegalStateException(message(routeId))));
    }

    /** Dies as the stage's route begins: nothing of the stage is done. */
    public static void before(CamelContext context, String routeId) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> route.weaveAddFirst().throwException(new IllegalStateException(message(routeId))));
    }

    /**
     * Dies inside the stage, in the middle of its work: as the stage begins, a directory takes
     * the place of {@code file}, so the stage fails when it comes to write that file, after the
     * work before it (a full disk, a lost mount).
     */
    public static void whenWriting(CamelContext context, String routeId, Path file) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> route.weaveAddFirst().process(exchange -> Files.createDirectories(file)));
    }

    /**
     * Dies inside the stage "gateway" once it has published the one staged content {@code first}
     * (at {@code staged}), before publishing the contents after it: a death mid-publish.
     */
    public static void afterPublishing(CamelContext context, Gateway gateway, ContentName first, Path staged) throws Exception {
        AdviceWith.adviceWith(context, "gateway", route -> route.weaveAddFirst().process(exchange -> {
            gateway.publish(first, staged, Contents.read(staged).manifest());
            throw new IllegalStateException(message("gateway"));
        }));
    }

    /**
     * Mock endpoints on the cycle's calls to {@code stages} (the real stages still run behind them):
     * each expects no message, for a test to show the cycle never got there.
     */
    public static MockEndpoint[] unreached(CamelContext context, String cycleRoute, String... stages) throws Exception {
        String[] calls = Arrays.stream(stages).map(stage -> "direct:" + stage).toArray(String[]::new);
        AdviceWith.adviceWith(context, cycleRoute, route -> route.mockEndpoints(calls));
        MockEndpoint[] mocks = new MockEndpoint[calls.length];
        for (int i = 0; i < calls.length; i++) {
            mocks[i] = context.getEndpoint("mock:" + calls[i], MockEndpoint.class);
            mocks[i].expectedMessageCount(0);
        }
        return mocks;
    }

    /** What the dying cycle reports, as its one line on standard error. */
    public static String message(String routeId) {
        return "simulated death at stage " + routeId;
    }
}
