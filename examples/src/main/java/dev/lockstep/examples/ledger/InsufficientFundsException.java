package dev.lockstep.examples.ledger;

/** A transfer asked for more than the account holds. Nothing was changed. */
public final class InsufficientFundsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param account   the account debited
     * @param available what it holds
     * @param requested what the transfer asked for
     */
    public InsufficientFundsException(int account, long available, long requested) {
        super("account " + account + " holds " + available + ", transfer asked for " + requested);
    }
}
