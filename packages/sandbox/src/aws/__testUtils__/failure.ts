/** What an SDK call failed with: the error's name, HTTP status and message. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await call;
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number } };
    return {
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      message: error.message,
    };
  }
  throw new Error('expected the call to fail');
}
