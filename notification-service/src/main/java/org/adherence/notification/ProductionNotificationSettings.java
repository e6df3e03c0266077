package org.adherence.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What the {@code production} profile wants of notification-service beyond the platform's settings and the tokens'
 * (docs/security.md), refused at start otherwise: emails (health data) go to the mail server over TLS (STARTTLS
 * required, or TLS from the first byte), and the acknowledgement links, which carry a signed token, are https.
 */
@Component
@Profile("production")
class ProductionNotificationSettings {

    static final String STARTTLS_REQUIRED = "mail.smtp.starttls.required";

    ProductionNotificationSettings(Environment environment, NotificationProperties properties) {
        List<String> problems = problems(environment, properties);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The production profile refuses to start with these mail settings: "
                    + String.join("; ", problems) + " (docs/security.md)");
        }
    }

    static List<String> problems(Environment environment, NotificationProperties properties) {
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(environment);
        Map<String, String> javaMail = binder.bind("spring.mail.properties", Bindable.mapOf(String.class,
                String.class)).orElse(Map.of());
        boolean startTls = "true".equalsIgnoreCase(javaMail.get(STARTTLS_REQUIRED));
        boolean implicitTls = "smtps".equalsIgnoreCase(binder.bind("spring.mail.protocol", String.class).orElse(""))
                || binder.bind("spring.mail.ssl.enabled", Boolean.class).orElse(false);
        if (!startTls && !implicitTls) {
            problems.add("the mail server is spoken to in clear: set spring.mail.properties." + STARTTLS_REQUIRED
                    + " and mail.smtp.starttls.enable to true (SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED=true "
                    + "and ..._ENABLE=true), or spring.mail.ssl.enabled=true for TLS from the first byte");
        }
        if (!"https".equalsIgnoreCase(properties.publicUrl().getScheme())) {
            problems.add("adherence.notification.public-url is " + properties.publicUrl() + ": the acknowledgement "
                    + "links carry a signed token and must be https");
        }
        return problems;
    }
}
