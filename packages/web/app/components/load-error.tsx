/** What a screen shows when a list or a resource could not be loaded: the reason, and a retry when there is one. */
export function LoadError({ what, error, retry }: { what: string; error: Error; retry?: () => unknown }) {
  return (
    <p role="alert" className="banner error">
      The {what} could not be loaded: {error.message}
      {retry ? (
        <>
          {' '}
          <button type="button" className="button secondary" onClick={() => void retry()}>
            Try again
          </button>
        </>
      ) : null}
    </p>
  );
}
