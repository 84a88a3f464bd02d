; a filter that was never written
// nothing here
