-- Test fixture: a script that forgets to define document(doc).
function documents(doc) return doc end
