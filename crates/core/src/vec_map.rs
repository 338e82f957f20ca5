//! A map kept as a vector sorted by key: for the small maps the simulator touches on every
//! event (timers pending, messages in flight). Lookups are a binary search, iteration is
//! in key order as with a `BTreeMap`, and keys that only grow (message ids) are appended.
//! It is faster than a `BTreeMap` at these sizes and much smaller in the page's download:
//! a `BTreeMap` compiles several kilobytes of node code for every key and value type.

use std::borrow::Borrow;

/// A map from `K` to `V`, iterated in key order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V> {
    /// Invariant: sorted by key, no key twice.
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self { entries: Vec::new() }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is, or where it would go. Keys are looked up as a `BTreeMap` looks
    /// them up: by any borrowed form (a `&str` for an `Arc<str>` key).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        // Keys that only grow land at the end: check it first.
        match self.entries.last() {
            Some((last, _)) if last.borrow() < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key)),
        }
    }

    /// Sets `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// The value of `key`, to change, first set to `make()` if it had none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.find(&key) {
            Ok(at) => at,
            Err(at) => {
                self.entries.insert(at, (key, make()));
                at
            }
        };
        &mut self.entries[at].1
    }

    /// Takes `key` out; its value, if it had one.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| self.entries.remove(at).1)
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| &self.entries[at].1)
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| &mut self.entries[at].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Keeps only the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K, V> VecMap<K, V> {
    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        // Not `self.into_iter()`: that iterator maps through a function pointer (its type
        // must be named), and every loop over it costs the page 639 bytes more.
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The entries in key order, values to change.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> + ExactSizeIterator {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in key order, taken.
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, v)| v)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries whose key is `from` or above, in key order (a binary search, then a walk).
    pub fn range_from<Q: Ord + ?Sized>(&self, from: &Q) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator
    where
        K: Borrow<Q>,
    {
        let start = self.entries.partition_point(|(k, _)| k.borrow() < from);
        self.entries[start..].iter().map(|(k, v)| (k, v))
    }

    /// Takes every entry out, keeping the memory for the next ones.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V> std::ops::Index<&K> for VecMap<K, V> {
    type Output = V;

    /// The value of `key`; panics if it has none (as a `BTreeMap` does).
    fn index(&self, key: &K) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for VecMap<K, V> {
    /// As a map, keys in order (as a `BTreeMap` is written).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// A set kept as a sorted vector (see [`VecMap`]), iterated in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VecSet<T> {
    map: VecMap<T, ()>,
}

impl<T: Ord> VecSet<T> {
    /// An empty set.
    pub fn new() -> Self {
        Self { map: VecMap::new() }
    }

    /// Adds `item`; whether it was not there yet.
    pub fn insert(&mut self, item: T) -> bool {
        self.map.insert(item, ()).is_none()
    }

    /// Takes every item out, keeping the memory for the next ones.
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// Takes `item` out; whether it was there.
    pub fn remove(&mut self, item: &T) -> bool {
        self.map.remove(item).is_some()
    }

    /// Whether `item` is in the set.
    pub fn contains(&self, item: &T) -> bool {
        self.map.contains_key(item)
    }
}

impl<T> VecSet<T> {
    /// The items in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.map.keys()
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.into_iter().map(|(item, ())| item)
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (T, ())>, fn(&'a (T, ())) -> &'a T>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.iter().map(|(item, ())| item)
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self {
            map: iter.into_iter().map(|item| (item, ())).collect(),
        }
    }
}

impl<T: Ord + Copy> VecSet<T> {
    /// The items of two ascending sequences (the keys of two maps), in one set: a merge,
    /// so each item lands at the end (collecting the second after the first would shift
    /// the first's items once per item of the second).
    pub fn union_of_ascending<'a>(a: impl IntoIterator<Item = &'a T>, b: impl IntoIterator<Item = &'a T>) -> Self
    where
        T: 'a,
    {
        let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
        let mut set = Self::new();
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) if x <= y => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, _) => b.next(),
            };
            let Some(&item) = next else {
                return set;
            };
            set.insert(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn it_behaves_as_a_btree_map_under_random_inserts_and_removals() {
        let mut rng = crate::sim::SimRng::new(7);
        let (mut ours, mut theirs) = (VecMap::new(), BTreeMap::new());
        for step in 0..5_000u64 {
            let key = rng.between(0, 40);
            match rng.between(0, 3) {
                0 | 1 => assert_eq!(ours.insert(key, step), theirs.insert(key, step)),
                2 => assert_eq!(ours.remove(&key), theirs.remove(&key)),
                _ => {
                    ours.retain(|k, _| k % 7 != step % 7);
                    theirs.retain(|k, _| k % 7 != step % 7);
                }
            }
            assert_eq!(ours.get(&key), theirs.get(&key));
            assert!(ours.iter().eq(theirs.iter()), "same entries in the same order");
            let from = rng.between(0, 40);
            assert!(
                ours.range_from(&from).eq(theirs.range(from..)),
                "the entries from a key on are a BTreeMap's range"
            );
        }
    }

    #[test]
    fn a_set_collected_from_items_in_any_order_with_repeats_is_sorted_and_unique() {
        let set: VecSet<u32> = [5, 1, 9, 1, 3, 9, 0].into_iter().collect();
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), [0, 1, 3, 5, 9]);
        let union = VecSet::union_of_ascending(&[1, 4, 9], &[0, 4, 5, 12]);
        assert_eq!(union.iter().copied().collect::<Vec<_>>(), [0, 1, 4, 5, 9, 12]);
        let mut set = set;
        assert!(set.insert(4) && !set.insert(4));
        set.clear();
        assert!(set.is_empty());
    }
}
