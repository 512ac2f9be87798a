package io.ctsync.api;

import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a refused or failed API request into its JSON answer: {@code {"status": 400, "error": "..."}}. */
public final class ApiErrors {

    /** The body of the answer, with the HTTP status set from the exception the exchange caught. */
    public Map<String, Object> answer(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = caught instanceof ApiProblem problem ? problem.status() : 500;
        String message = caught instanceof ApiProblem ? caught.getMessage()
                : "the request failed: " + (caught == null || caught.getMessage() == null ? "unknown error"
                : caught.getMessage().lines().findFirst().orElse("")) + " (fix: see the ctsync log for details)";
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return body;
    }
}
