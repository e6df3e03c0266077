package org.adherence.rules.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.adherence.contracts.json.ContractJson;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import tools.jackson.core.JacksonException;

/** The rule packs in force, one per drug. */
public final class RulePacks {

    private final Map<String, RulePack> byDrug;

    public RulePacks(Collection<RulePack> packs) {
        Map<String, RulePack> map = new LinkedHashMap<>();
        for (RulePack pack : packs) {
            RulePack previous = map.put(pack.drug(), pack);
            if (previous != null) {
                throw new IllegalStateException("Two rule packs for " + pack.drug() + ": " + previous.id() + " and "
                        + pack.id());
            }
        }
        this.byDrug = Map.copyOf(map);
    }

    /** Reads every pack at a Spring resource pattern, e.g. {@code classpath*:rulepacks/*.json}. */
    public static RulePacks load(String location) {
        List<RulePack> packs = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(location)) {
                try (InputStream in = resource.getInputStream()) {
                    packs.add(ContractJson.mapper().readValue(in, RulePack.class));
                }
                catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                    throw new IllegalStateException("Rule pack " + resource + " is not valid: " + e.getMessage(), e);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule packs at " + location, e);
        }
        if (packs.isEmpty()) {
            throw new IllegalStateException("No rule pack found at " + location);
        }
        return new RulePacks(packs);
    }

    public Optional<RulePack> forDrug(String drug) {
        return Optional.ofNullable(byDrug.get(drug));
    }

    public Collection<RulePack> all() {
        return byDrug.values();
    }
}
