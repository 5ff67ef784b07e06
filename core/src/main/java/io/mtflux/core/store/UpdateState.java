package io.mtflux.core.store;

/**
 * The account's position in the update sequence ({@code updates.state}).
 *
 * @param pts common message box pts
 * @param qts secret-chat/bot qts
 * @param date date of the latest update
 * @param seq sequence number of the latest updates container
 */
public record UpdateState(int pts, int qts, int date, int seq) {
}
