// Whether the process a job row names still runs: a job recorded as running by a process that no
// longer exists was killed (scoring jobs and imports record their process id for this).
export function processAlive(pid: number | null): boolean {
  if (pid === null) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
