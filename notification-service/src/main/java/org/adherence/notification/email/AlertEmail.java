package org.adherence.notification.email;

/** One alert's email, the same for every recipient. */
public record AlertEmail(String subject, String text, String html) {
}
