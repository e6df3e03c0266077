package org.adherence.support.production;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/** In the {@code production} profile, every service checks {@link ProductionSettings} at start, refusing to run. */
@AutoConfiguration
@Profile(ProductionSettings.PROFILE)
public class ProductionSettingsAutoConfiguration {

    public ProductionSettingsAutoConfiguration(Environment environment) {
        ProductionSettings.requireSafe("with these settings", ProductionSettings.problems(environment));
    }
}
