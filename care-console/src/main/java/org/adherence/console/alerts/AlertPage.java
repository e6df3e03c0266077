package org.adherence.console.alerts;

import java.util.List;

/**
 * The clinic's alerts as notification-service lists them, most urgent first.
 *
 * @param incomplete an instance of notification-service could not be asked: some alerts may be missing
 *                   (notification-service leaves it out when every instance answered)
 */
public record AlertPage(List<AlertView> alerts, Boolean incomplete) {

    public AlertPage {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        incomplete = Boolean.TRUE.equals(incomplete);
    }
}
