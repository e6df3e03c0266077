package org.adherence.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.adherence.notification.support.TestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * In the production profile, emails go to the mail server over TLS and the acknowledgement links are https, or the
 * service does not start; one test per refusal.
 */
class ProductionNotificationSettingsTest {

    private static final String HTTPS_LINKS = "adherence.notification.public-url=https://alerts.clinic.example";

    private static final String STARTTLS = "spring.mail.properties.mail.smtp.starttls.required=true";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withUserConfiguration(WithNotificationProperties.class)
            .withPropertyValues("spring.profiles.active=production",
                    "adherence.notification.ack-signing-key=" + TestProperties.ACK_SIGNING_KEY);

    @Test
    void startsWithStartTlsRequiredOrTlsFromTheFirstByteAndHttpsLinks() {
        service.withPropertyValues(STARTTLS, HTTPS_LINKS).run(context -> assertThat(context).hasNotFailed());
        service.withPropertyValues("spring.mail.ssl.enabled=true", HTTPS_LINKS)
                .run(context -> assertThat(context).hasNotFailed());
        service.withPropertyValues("spring.mail.protocol=smtps", HTTPS_LINKS)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void takesStartTlsFromTheEnvironmentAsAnOperatorSetsIt() {
        service.withPropertyValues(HTTPS_LINKS)
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-systemEnvironment",
                                Map.of("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED", "true"))))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void refusesToMailHealthDataInClear() {
        service.withPropertyValues(HTTPS_LINKS, "spring.mail.properties.mail.smtp.starttls.enable=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("The production profile refuses to start with these mail settings")
                        .hasMessageContaining("the mail server is spoken to in clear"));
    }

    @Test
    void refusesAcknowledgementLinksOverHttp() {
        service.withPropertyValues(STARTTLS).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("adherence.notification.public-url is http://localhost:8082: the "
                        + "acknowledgement links carry a signed token and must be https"));
    }

    @Test
    void leavesLocalUseAlone() {
        service.withPropertyValues("spring.profiles.active=local").run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    @Import(ProductionNotificationSettings.class)
    static class WithNotificationProperties {
    }
}
