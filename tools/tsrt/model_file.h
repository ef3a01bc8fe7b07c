// Files that are not TorchScript, recognised before the loader gives a less helpful error:
// `torch.save` output (a pickled module or state dict), as a zip with data.pkl and no code/
// folder, or in the legacy non-zip pickle format.
#pragma once

#include <string>

namespace tsrt::cli {

// Throws tsrt::Error "MODEL: this is a torch.save file, not TorchScript: save with
// torch.jit.save / torch.jit.trace (...)" if `path` is one; returns otherwise (the loader
// reports every other problem).
void refuse_torch_save_file(const std::string& path);

}  // namespace tsrt::cli
