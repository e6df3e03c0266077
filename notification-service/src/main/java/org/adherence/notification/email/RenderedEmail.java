package org.adherence.notification.email;

/** An email ready to send: the same for every recipient of it. */
public record RenderedEmail(String subject, String text, String html) {
}
