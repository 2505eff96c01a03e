//! Order-keeping parallel map over the machine's cores.

/// Map over items on every core, keeping order. Plain scoped threads: the
/// work is embarrassingly parallel and a thread pool crate would add nothing.
///
/// A [`crate::progress`] observer of the calling thread counts the items done:
/// every caller maps over plans (reading them, their timelines).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let progress = crate::progress::current();
    let Some(progress) = progress.as_deref() else {
        return spread(items, f);
    };
    progress.plans_started(items.len());
    spread(items, |item| {
        let out = f(item);
        progress.plan_done();
        out
    })
}

fn spread<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || items.len() < 16 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
