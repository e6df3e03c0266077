package org.adherence.intake.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/** The {@code reason} tag of a refused request: one per status the API refuses an event with. */
public enum RejectionReason {

    INVALID(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    UNSUPPORTED_DRUG(HttpStatus.UNPROCESSABLE_CONTENT),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    NOT_DURABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    RejectionReason(HttpStatus status) {
        this.status = status;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty for the answers that refuse no event (2xx, 404, 405, a 500 of our own making). */
    static Optional<RejectionReason> of(int status) {
        return Arrays.stream(values()).filter(reason -> reason.status.value() == status).findFirst();
    }
}
