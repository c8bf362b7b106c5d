//! Who was what on which day, a day at a time: the class list's students
//! first, in its order, then anyone else seen, in roll order. The register
//! read from the disk and the day counted from memory both go through here.

use super::rules::DayMark;
use super::Line;
use crate::register::{Details, Mark};
use crate::roster::Roster;
use crate::validate::roll_key;
use std::cmp::Ordering;
use std::collections::HashMap;

pub(super) struct Tally<'a> {
    roster: Option<&'a Roster>,
    students: Vec<Line>,
    /// How many of `students` are the class list's.
    on_list: usize,
    others: HashMap<String, usize>,
    days: usize,
}

impl<'a> Tally<'a> {
    pub fn new(roster: Option<&'a Roster>, days: usize) -> Tally<'a> {
        let students: Vec<Line> = roster
            .map(Roster::students)
            .unwrap_or_default()
            .iter()
            .map(|s| Line {
                roll: s.roll.clone(),
                name: s.name.clone(),
                marks: vec![DayMark::Absent; days],
            })
            .collect();
        Tally {
            roster,
            on_list: students.len(),
            students,
            others: HashMap::new(),
            days,
        }
    }

    /// Class day `d`: its rows (the day's file, then its waiting file) and
    /// its details, by the register's rules.
    pub fn day(&mut self, d: usize, rows: &[Mark], details: &Details) {
        for mark in rows {
            let i = self.line_of(&mark.roll, &mark.name);
            self.students[i].marks[d] = DayMark::came(&mark.roll, mark.time, details);
        }
        // After the rows: a student excused who came anyway is present.
        for excuse in details.excused.iter() {
            let i = self.line_of(&excuse.roll, &excuse.name);
            let day = &mut self.students[i].marks[d];
            *day = day.excused();
        }
    }

    /// Each student's mark on class day `d`, in no particular order.
    pub fn marks_of(&self, d: usize) -> impl Iterator<Item = DayMark> + '_ {
        self.students.iter().map(move |line| line.marks[d])
    }

    /// The place of `roll`'s line, added (after the class list's) when it
    /// is new. Days come in order, so the last spelling seen of someone
    /// not on the list is the latest.
    fn line_of(&mut self, roll: &str, name: &str) -> usize {
        let key = roll_key(roll);
        let known = self.roster.and_then(|r| r.position(&key));
        let i = match known.or_else(|| self.others.get(&key).copied()) {
            Some(i) => i,
            None => {
                self.students.push(Line {
                    roll: String::new(),
                    name: String::new(),
                    marks: vec![DayMark::Absent; self.days],
                });
                self.others.insert(key, self.students.len() - 1);
                self.students.len() - 1
            }
        };
        if i >= self.on_list {
            let line = &mut self.students[i];
            line.roll = roll.to_string();
            if !name.is_empty() {
                line.name = name.to_string();
            }
        }
        i
    }

    /// The lines in the register's order, and how many at the end are not
    /// on the class list (none without one).
    pub fn finish(self) -> (Vec<Line>, usize) {
        let listed = self.roster.is_some();
        let on_list = self.on_list;
        let lines = self.in_order();
        let others = if listed { lines.len() - on_list } else { 0 };
        (lines, others)
    }

    /// The class list's students, then the others in roll order. By binary
    /// insertion rather than `sort_by`, whose code would add 10 KiB to a
    /// binary that must stay small.
    fn in_order(mut self) -> Vec<Line> {
        let on_list = self.on_list;
        let mut order: Vec<usize> = Vec::new();
        for i in on_list..self.students.len() {
            let roll = &self.students[i].roll;
            let at = order.partition_point(|&j| {
                roll_order(&self.students[j].roll, roll) != Ordering::Greater
            });
            order.insert(at, i);
        }
        let mut others: Vec<Option<Line>> = self.students.drain(on_list..).map(Some).collect();
        self.students
            .extend(order.iter().filter_map(|&i| others[i - on_list].take()));
        self.students
    }
}

/// Roll order as a teacher reads it: 2 before 10, CS-9 before CS-10, letter
/// case ignored.
fn roll_order(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    // 1 before 01, but only when all else is equal.
    let mut zeros = Ordering::Equal;
    loop {
        let order = match (a.first(), b.first()) {
            (None, None) => return zeros,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (da, db) = (digits(a), digits(b));
                fn number(s: &[u8]) -> &[u8] {
                    let zeros = s.iter().take_while(|&&c| c == b'0').count();
                    &s[zeros..]
                }
                let (na, nb) = (number(&a[..da]), number(&b[..db]));
                zeros = zeros.then(da.cmp(&db));
                let order = na.len().cmp(&nb.len()).then(na.cmp(nb));
                a = &a[da..];
                b = &b[db..];
                order
            }
            (Some(x), Some(y)) => {
                let order = x.to_ascii_uppercase().cmp(&y.to_ascii_uppercase());
                a = &a[1..];
                b = &b[1..];
                order
            }
            (x, y) => x.cmp(&y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolls_sort_as_numbers_where_they_are_numbers() {
        let mut rolls = ["10", "2", "CS-10", "cs-9", "1a", "1", "01", "B", "a", "2b"];
        rolls.sort_by(|a, b| roll_order(a, b));
        assert_eq!(
            rolls,
            ["1", "01", "1a", "2", "2b", "10", "a", "B", "cs-9", "CS-10"]
        );
    }
}
