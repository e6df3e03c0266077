package org.adherence.notification.inbox;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.adherence.notification.deliverylog.DeliveryLogView;

/**
 * The answer of {@code GET /api/v1/alerts}.
 *
 * @param incomplete true when an instance or a partition of the delivery logs could not be asked (an instance
 *                   unreachable, partitions moving between instances): the list may lack alerts; absent otherwise
 * @param partitions only in an instance's answer to another (a forwarded request): the partitions of the delivery
 *                   logs it read, so that the asking instance knows whether every one was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AlertList(List<DeliveryLogView> alerts, Boolean incomplete, List<Integer> partitions) {

    AlertList {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        partitions = partitions == null ? null : List.copyOf(partitions);
    }
}
