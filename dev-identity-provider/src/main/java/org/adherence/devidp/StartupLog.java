package org.adherence.devidp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** One line at start: the issuer, the client and the usernames (never a password or a secret). */
@Component
class StartupLog implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupLog.class);

    private final DevIdpProperties properties;

    StartupLog(DevIdpProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        log.info("DEV ONLY identity provider: issuer {}, client {} (redirect {}), users {} (password: {}.user-password)",
                properties.issuer(), AuthorizationServerConfig.CLIENT_ID, properties.consoleRedirectUri(),
                String.join(", ", DevUsers.usernames()), DevIdpProperties.PREFIX);
    }
}
