package io.ctsync.api;

/**
 * A request the API refuses, with the HTTP status and a message a person can act on. The route
 * configuration {@code api} (routes/api.camel.yaml) turns it into a JSON answer.
 */
public final class ApiProblem extends RuntimeException {

    private final int status;

    public ApiProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(400, message);
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(404, message);
    }

    public static ApiProblem conflict(String message) {
        return new ApiProblem(409, message);
    }
}
