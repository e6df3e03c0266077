package org.adherence.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.junit.jupiter.api.Test;

/** A group of one patient's WARNING alerts: its subject (CONTRACT.md, "Alert emails") and each alert in full. */
class GroupEmailTest {

    private final EmailContent content = new EmailContent();

    private final EmailRenderer renderer = new EmailRenderer();

    private static AlertRaised warning(String id, RuleId rule, String raisedAt) {
        return new AlertRaised(1, id, "p-9", rule, Severity.WARNING, Instant.parse(raisedAt), "Summary of " + id + ".",
                "Guidance of " + id + ".", null, "baclofen@1");
    }

    @Test
    void aGroupOfSeveralNamesTheirCountAndEachRuleOnceInTheOrderRaisedAndGivesEachAlertInFull() {
        List<AlertRaised> group = List.of(warning("w-2", RuleId.TOO_MANY_DOSES, "2026-11-24T09:10:00Z"),
                warning("w-1", RuleId.DOUBLE_DOSE, "2026-11-24T09:00:00Z"),
                warning("w-3", RuleId.DOUBLE_DOSE, "2026-11-24T09:20:00Z"));

        RenderedEmail email = renderer.render(content.group(group, ZoneId.of("Europe/Berlin")));

        assertThat(email.subject()).isEqualTo("[WARNING] 3 alerts: DOUBLE_DOSE, TOO_MANY_DOSES - patient p-9");
        assertThat(email.text()).isEqualTo("""
                [WARNING] 3 alerts: DOUBLE_DOSE, TOO_MANY_DOSES - patient p-9

                Grouped alerts
                3 WARNING alerts for patient p-9, each below in full, in the order raised.

                DOUBLE_DOSE
                - Raised: 2026-11-24 10:00 (Europe/Berlin, +01:00)
                - Summary: Summary of w-1.
                - Guidance: Guidance of w-1.
                - Rule pack: baclofen@1
                - Alert id: w-1

                TOO_MANY_DOSES
                - Raised: 2026-11-24 10:10 (Europe/Berlin, +01:00)
                - Summary: Summary of w-2.
                - Guidance: Guidance of w-2.
                - Rule pack: baclofen@1
                - Alert id: w-2

                DOUBLE_DOSE
                - Raised: 2026-11-24 10:20 (Europe/Berlin, +01:00)
                - Summary: Summary of w-3.
                - Guidance: Guidance of w-3.
                - Rule pack: baclofen@1
                - Alert id: w-3
                """);
    }

    @Test
    void aGroupOfOneIsTheAlertsOwnEmail() {
        AlertRaised alone = warning("w-1", RuleId.DOUBLE_DOSE, "2026-11-24T09:00:00Z");

        assertThat(renderer.render(content.group(List.of(alone), ZoneId.of("UTC"))))
                .isEqualTo(renderer.render(content.alert(alone, ZoneId.of("UTC"), 0, null)));
        assertThat(EmailContent.groupSubjectOf(List.of(alone))).isEqualTo("[WARNING] DOUBLE_DOSE - patient p-9");
    }
}
