package org.adherence.intake.drug;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.adherence.contracts.json.ContractJson;
import org.adherence.intake.config.IntakeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * The drugs some rule pack covers, read from the rule-pack files themselves so that adding a pack for a second
 * drug needs no change here. An event about any other drug would be checked by nothing, so intake refuses it.
 */
@Component
public class CoveredDrugs {

    private static final Logger log = LoggerFactory.getLogger(CoveredDrugs.class);

    private final Set<String> drugs;

    public CoveredDrugs(IntakeProperties properties) {
        this.drugs = load(properties.rulePacks());
        if (drugs.isEmpty()) {
            throw new IllegalStateException("No rule pack found at " + properties.rulePacks()
                    + " (adherence.intake.rule-packs): intake would refuse every event");
        }
        log.info("Rule packs at {} cover {}", properties.rulePacks(), drugs);
    }

    public boolean covers(String drug) {
        return drug != null && drugs.contains(normalize(drug));
    }

    public Set<String> all() {
        return drugs;
    }

    /** Drug names are compared without regard to case or surrounding blanks. */
    public static String normalize(String drug) {
        return drug.strip().toLowerCase(Locale.ROOT);
    }

    private static Set<String> load(String location) {
        Set<String> found = new TreeSet<>();
        try {
            for (Resource pack : new PathMatchingResourcePatternResolver().getResources(location)) {
                try (InputStream in = pack.getInputStream()) {
                    JsonNode drug = ContractJson.mapper().readTree(in).get("drug");
                    if (drug == null || drug.asString().isBlank()) {
                        throw new IllegalStateException("Rule pack " + pack + " names no drug");
                    }
                    found.add(normalize(drug.asString()));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule packs at " + location, e);
        }
        return Set.copyOf(found);
    }
}
