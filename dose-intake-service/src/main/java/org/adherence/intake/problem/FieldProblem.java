package org.adherence.intake.problem;

import org.adherence.support.web.Quoted;

/**
 * One bad field of a request, named by its JSON path ({@code doses[3].doseMg}). Both are bounded: a path may hold a
 * field name the request made up, a message a value it sent.
 */
public record FieldProblem(String field, String message) {

    static final int MAX_FIELD = 128;

    static final int MAX_MESSAGE = 1000;

    public FieldProblem {
        field = Quoted.cut(field, MAX_FIELD);
        message = Quoted.cut(message, MAX_MESSAGE);
    }
}
