package org.adherence.notification.email;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Lays an email out from the templates {@code templates/mail/email.txt} (plain text) and {@code email.html} (HTML,
 * everything escaped by the engine). An engine of its own, apart from the web pages': emails do not depend on how
 * Spring MVC renders views, and defining no engine bean leaves Boot's one to the pages. Spring's flavour, for SpEL. Thread-safe.
 */
public final class EmailRenderer {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    public EmailRenderer() {
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt"));
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html"));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String names) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setResolvablePatterns(Set.of(names));
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        return resolver;
    }

    public RenderedEmail render(EmailModel email) {
        Context context = new Context(Locale.ROOT, Map.of("subject", email.subject(), "sections", email.sections()));
        return new RenderedEmail(email.subject(), engine.process("email.txt", context),
                engine.process("email.html", context));
    }
}
