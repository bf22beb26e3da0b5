//! Card order within a board column: integer positions with gaps, so a move writes one row.

/// The gap left between neighbouring cards.
pub const GAP: i64 = 1024;

/// The position for a card placed between the cards at `below` and `above` (either may be
/// missing: the start or end of the column). `None` when there is no room left and the column
/// has to be renumbered.
pub fn slot(below: Option<i64>, above: Option<i64>) -> Option<i64> {
    match (below, above) {
        (None, None) => Some(GAP),
        (Some(b), None) => b.checked_add(GAP),
        (None, Some(a)) => (a > 1).then_some(a / 2),
        (Some(b), Some(a)) => (a - b > 1).then(|| b + (a - b) / 2),
    }
}

/// Where a card lands in `column` (positions in display order, without the moved card) when put
/// before the card at `index` (or at the end when `index == column.len()`).
pub fn slot_at(column: &[i64], index: usize) -> Option<i64> {
    let below = index.checked_sub(1).and_then(|i| column.get(i).copied());
    slot(below, column.get(index).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_go_between_their_neighbours() {
        assert_eq!(slot_at(&[], 0), Some(GAP));
        assert_eq!(slot_at(&[1024, 2048], 0), Some(512));
        assert_eq!(slot_at(&[1024, 2048], 1), Some(1536));
        assert_eq!(slot_at(&[1024, 2048], 2), Some(2048 + GAP));
    }

    #[test]
    fn a_full_gap_asks_for_renumbering() {
        assert_eq!(slot_at(&[5, 6], 1), None);
        assert_eq!(slot_at(&[1], 0), None);
    }
}
