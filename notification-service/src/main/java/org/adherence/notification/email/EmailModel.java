package org.adherence.notification.email;

import java.net.URI;
import java.util.List;

/**
 * What an email says, before it is laid out: its subject and its sections, in order. The templates
 * ({@code templates/mail/email.txt}, {@code email.html}) lay it out; the engine escapes it.
 */
public record EmailModel(String subject, List<Section> sections) {

    public EmailModel {
        sections = List.copyOf(sections);
    }

    /**
     * A titled part of the body: its lines as paragraphs, or as a list; and a link after them.
     */
    public record Section(String title, List<String> lines, boolean list, URI link) {

        public Section {
            lines = List.copyOf(lines);
        }

        static Section paragraph(String title, String text) {
            return new Section(title, List.of(text), false, null);
        }

        static Section list(String title, List<String> lines) {
            return new Section(title, lines, true, null);
        }

        static Section link(String title, String text, URI link) {
            return new Section(title, List.of(text), false, link);
        }
    }
}
