package org.adherence.intake.event;

import java.util.List;

/** The answer to an accepted batch: one result per item, doses first, each in the order posted. */
public record BatchAccepted(List<ItemResult> results) {

    public record ItemResult(String type, int index, String eventId, String status) {

        static ItemResult accepted(String type, int index, String eventId) {
            return new ItemResult(type, index, eventId, "ACCEPTED");
        }
    }
}
