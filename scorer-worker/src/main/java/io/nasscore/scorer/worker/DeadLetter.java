package io.nasscore.scorer.worker;

/**
 * Why a record of nas.jobs cannot be scored: what its {@code nas.error.*} headers on nas.jobs.dlq say.
 *
 * @param jobId   the job's id, null when the record could not be decoded
 * @param reason  the reason code ({@code invalid-content}, {@code scoring-failed}, a {@code BadRecordException} code)
 * @param stage   where it failed: {@code deserialize}, {@code validate}, {@code score} or {@code produce}
 * @param message what is wrong, for a person
 * @param error   the exception, null when there is none
 */
record DeadLetter(String jobId, String reason, String stage, String message, Throwable error) {

    /** An error's message, or its class name when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
