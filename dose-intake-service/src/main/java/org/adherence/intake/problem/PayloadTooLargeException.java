package org.adherence.intake.problem;

/** A request body above {@code adherence.intake.max-body-size}. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
